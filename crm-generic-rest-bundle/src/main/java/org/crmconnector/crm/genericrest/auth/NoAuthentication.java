package org.crmconnector.crm.genericrest.auth;

import java.net.http.HttpRequest;

/** For CRMs that take a key in the URL, or trust the network. */
public final class NoAuthentication implements Authentication {

    @Override
    public String current() {
        return "";
    }

    @Override
    public void apply(String credentials, HttpRequest.Builder request) {
        // nothing to add
    }

    @Override
    public String describe() {
        return "none";
    }
}
