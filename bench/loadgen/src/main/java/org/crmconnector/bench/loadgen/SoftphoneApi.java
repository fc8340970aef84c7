package org.crmconnector.bench.loadgen;

/** The softphone API requests the phases send to the measured tenant. */
final class SoftphoneApi {

    static final String PARTNER = "215fd887-39be-4935-981f-2670d6afeaa7";

    private final String tenant;

    SoftphoneApi(String tenant) {
        this.tenant = tenant;
    }

    /** The path of {@code rest} under the tenant, e.g. {@code softphone/incomingCall}. */
    String path(String rest) {
        return "/api/v1/tenants/" + tenant + "/" + rest;
    }

    static String incomingCall(String conv, String agent) {
        return "{\"partnerId\":\"" + PARTNER + "\",\"conversationId\":\"" + conv + "\",\"agentId\":\"" + agent
                + "\",\"callerANI\":\"+15551230000\",\"language\":\"en_US\"}";
    }

    /** Ends an offered call without a log, so live interactions do not pile up. */
    static String callRejected(String conv, String agent) {
        return "{\"conversationId\":\"" + conv + "\",\"agentId\":\"" + agent + "\",\"reason\":\"passive\"}";
    }

    static boolean ok(int status) {
        return status >= 200 && status < 300;
    }
}
