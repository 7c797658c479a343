package io.stadb.codec;

/**
 * Read access to a store's names by id: what queries need (a name for a record, an id for an exact
 * filter). {@link NameDictionary} is the writable in-heap form; readers can use a mapped one, so that a
 * query does not hold every name of a large store on the heap.
 */
public interface NameLookup {
    int size();

    /** The id of {@code b[off, off+len)}, or -1 when it is not a name. */
    int find(byte[] b, int off, int len);

    String name(int id);

    /** A copy of the bytes of name {@code id}. */
    byte[] copyOf(int id);
}
