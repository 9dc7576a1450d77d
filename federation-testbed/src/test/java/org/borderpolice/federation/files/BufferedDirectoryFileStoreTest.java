package org.borderpolice.federation.files;

/** {@link DirectoryFileStoreTest} with {@code directory.direct-io=false}: every part through the page cache. */
class BufferedDirectoryFileStoreTest extends DirectoryFileStoreTest {

    @Override
    boolean directIo() {
        return false;
    }
}
