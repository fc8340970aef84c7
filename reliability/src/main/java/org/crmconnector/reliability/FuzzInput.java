package org.crmconnector.reliability;

/** One request of the fuzzer: invalid by construction (one defect class), unless {@code readOnly}. */
record FuzzInput(int n, String cls, String method, String path, String contentType, String auth, byte[] body,
        boolean chunked, boolean readOnly) {
}
