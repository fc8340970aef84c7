package org.crmconnector.crm.genericrest.auth;

import java.net.http.HttpRequest;

/** For CRMs that take a key in the URL, or trust the network. */
public final class NoAuthentication implements Authentication {

    @Override
    public void authenticate(HttpRequest.Builder request) {
        // nothing to add
    }

    @Override
    public String describe() {
        return "none";
    }
}
