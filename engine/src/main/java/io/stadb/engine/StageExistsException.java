package io.stadb.engine;

import io.stadb.codec.StadbException;

/** A committed stage of that name exists (and the caller did not ask to replace it). */
public final class StageExistsException extends StadbException {
    private static final long serialVersionUID = 1L;

    private final transient StageInfo existing;

    public StageExistsException(StageInfo existing) {
        super("stage '" + existing.name() + "' already exists (use --replace to overwrite it)");
        this.existing = existing;
    }

    public StageInfo existing() {
        return existing;
    }
}
