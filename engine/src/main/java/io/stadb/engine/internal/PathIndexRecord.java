package io.stadb.engine.internal;

import io.stadb.engine.PathIndexFormat;

/** One path's index fields while it is being extracted (a mutable holder, reused). */
final class PathIndexRecord {
    long slack;
    long arrival;
    long required;
    int startpoint;
    int endpoint;
    int group;
    int corner;
    int mode;
    byte minMax;
    byte status;
    byte startKind;
    byte endKind;
    int block;
    int row;

    void reset(int block) {
        slack = arrival = required = PathIndexFormat.NO_TIME;
        startpoint = endpoint = group = corner = mode = -1;
        minMax = status = startKind = endKind = 0;
        this.block = block;
        row = -1;
    }
}
