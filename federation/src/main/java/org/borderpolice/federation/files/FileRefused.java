package org.borderpolice.federation.files;

import org.borderpolice.federation.problem.InvalidProblem;

/**
 * A file intake does not take (nothing of it is stored): too large (HTTP 413), empty (400), of a
 * type not allowed or not what it looks like (415). A {@link InvalidProblem} for every other
 * channel (gRPC INVALID_ARGUMENT); {@link FileProblemMapper} answers REST with its own status.
 */
public class FileRefused extends InvalidProblem {

    private final int status;

    FileRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static FileRefused tooLarge(long maxSize) {
        return new FileRefused(413, "the file is larger than the " + maxSize + " bytes allowed (文件过大)");
    }

    static FileRefused empty() {
        return new FileRefused(400, "the file is empty (文件为空)");
    }

    static FileRefused type(String detected) {
        return new FileRefused(
                415, "files of type " + detected + " (as their content shows) are not accepted (文件类型不允许)");
    }
}
