package io.stadb.codec;

/**
 * Names' bytes by id, what decoding a chunk reads: name {@code id} is {@link #bytes()}
 * {@code [offset(id), offset(id) + length(id))} for ids below {@link #size()}. Implemented by the writable
 * {@link NameDictionary} and by its read-only {@link NameDictionary.Snapshot}, which another thread may read
 * while the dictionary goes on growing.
 */
public interface NameBytes {
    int size();

    byte[] bytes();

    int offset(int id);

    int length(int id);
}
