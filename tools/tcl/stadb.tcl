# stadb.tcl -- checkpoint timing from an OpenSTA or OpenROAD flow script into stadb.
#
#   source /path/to/stadb/tools/tcl/stadb.tcl
#   stadb::configure -url http://127.0.0.1:7878 ?-token_file FILE? ?-replace 1?   ;# send to `stadb serve`
#   stadb::configure -dir reports/                                                ;# or write files for `stadb ingest`
#   stadb::checkpoint route -group_count 100 -path_delay max
#
# checkpoint STAGE ?report_checks options? runs report_checks with every field (-fields {slew cap input_pins
# nets fanout}, -format full_clock_expanded; options given later win), captured with OpenSTA's redirect, and
# then PUTs the text to $url/stages/STAGE with Tcl's bundled http package (the server parses it as it
# arrives) or, with -dir, leaves it in DIR/STAGE.rpt for `stadb ingest --stage STAGE DIR/STAGE.rpt`.
# Without configure, the environment is read: STADB_URL, STADB_TOKEN_FILE, STADB_DIR.
# Returns the server's ingest summary (JSON text) or the file's name; an error is a Tcl error.

package require http

namespace eval stadb {
    variable url ""
    variable dir ""
    variable token_file ""
    variable replace 0
    variable timeout_ms 600000
    variable fields {slew cap input_pins nets fanout}
    variable format full_clock_expanded
    namespace export checkpoint configure
}

proc stadb::configure {args} {
    variable url; variable dir; variable token_file; variable replace; variable timeout_ms
    if {[llength $args] % 2 != 0} {
        error "stadb::configure: expected -option value pairs"
    }
    foreach {k v} $args {
        switch -- $k {
            -url { set url [string trimright $v /] }
            -dir { set dir $v }
            -token_file { set token_file $v }
            -replace { set replace [expr {$v ? 1 : 0}] }
            -timeout_ms { set timeout_ms $v }
            default { error "stadb::configure: unknown option $k (use -url, -dir, -token_file, -replace, -timeout_ms)" }
        }
    }
}

proc stadb::_settings {} {
    variable url; variable dir; variable token_file
    if {$url eq "" && $dir eq ""} {
        if {[info exists ::env(STADB_URL)]} { set url [string trimright $::env(STADB_URL) /] }
        if {[info exists ::env(STADB_DIR)]} { set dir $::env(STADB_DIR) }
    }
    if {$token_file eq "" && [info exists ::env(STADB_TOKEN_FILE)]} { set token_file $::env(STADB_TOKEN_FILE) }
    if {$url eq "" && $dir eq ""} {
        error "stadb::checkpoint: nowhere to send the report: stadb::configure -url URL or -dir DIR (or set STADB_URL / STADB_DIR)"
    }
}

proc stadb::_check_stage {stage} {
    if {![regexp {^[A-Za-z0-9][A-Za-z0-9._:@+=,-]{0,127}$} $stage]} {
        error "stadb::checkpoint: bad stage name '$stage': 1-128 letters, digits and . _ : @ + = , - starting with a letter or digit"
    }
}

proc stadb::checkpoint {stage args} {
    variable url; variable dir; variable fields; variable format
    _check_stage $stage
    _settings
    if {$dir ne ""} {
        file mkdir $dir
        set out [file join $dir "$stage.rpt"]
    } else {
        set out [file tempfile tmp stadb-$stage.rpt]
        close $out
        set out $tmp
    }
    sta::redirect_file_begin $out
    set failed [catch {report_checks -format $format -fields $fields {*}$args} msg opts]
    sta::redirect_file_end
    if {$failed} {
        if {$dir eq ""} { file delete $out }
        return -options $opts $msg
    }
    if {$dir ne ""} {
        return $out
    }
    try {
        return [_put $stage $out]
    } finally {
        file delete $out
    }
}

proc stadb::_put {stage file} {
    variable url; variable token_file; variable replace; variable timeout_ms
    set headers {}
    if {$token_file ne ""} {
        set f [open $token_file r]
        set token [string trim [read $f]]
        close $f
        lappend headers Authorization "Bearer $token"
    }
    set query [http::formatQuery source "stadb.tcl:$stage" replace $replace]
    set fd [open $file r]
    fconfigure $fd -translation binary
    try {
        set tok [http::geturl "$url/stages/$stage?$query" -method PUT -querychannel $fd \
                     -type text/plain -headers $headers -timeout $timeout_ms -binary 1]
    } finally {
        close $fd
    }
    try {
        set status [http::status $tok]
        set code [http::ncode $tok]
        set body [string trim [http::data $tok]]
        if {$status ne "ok"} {
            error "stadb::checkpoint: PUT $url/stages/$stage failed: $status [http::error $tok]"
        }
        if {$code < 200 || $code >= 300} {
            error "stadb::checkpoint: PUT $url/stages/$stage: HTTP $code $body"
        }
        return $body
    } finally {
        http::cleanup $tok
    }
}
