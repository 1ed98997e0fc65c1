package com.surveyrelay.twilio;

import com.twilio.http.HttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;

/**
 * Sends twilio-java's requests to another base URL (the local emulator, a test harness) instead of
 * {@code *.twilio.com}: twilio-java has no such option. Each request is rebuilt on the other host with its
 * method, path, parameters, headers and credentials, then handed to the real HTTP client.
 */
final class BaseUrlHttpClient extends HttpClient {

    private final String base;
    private final HttpClient delegate;

    BaseUrlHttpClient(URI base, HttpClient delegate) {
        String text = base.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.delegate = delegate;
    }

    @Override
    public Response makeRequest(Request request) {
        Request moved = new Request(request.getMethod(), base + pathOf(request));
        copy(request.getQueryParams(), moved::addQueryParam);
        copy(request.getPostParams(), moved::addPostParam);
        copy(request.getHeaderParams(), moved::addHeaderParam);
        if (request.getAuthStrategy() != null) {
            moved.setAuth(request.getAuthStrategy());
        } else if (request.getUsername() != null) {
            moved.setAuth(request.getUsername(), request.getPassword());
        }
        if (request.getContentType() != null) {
            moved.setContentType(request.getContentType());
        }
        if (request.getBody() != null) {
            moved.setBody(request.getBody());
        }
        return delegate.makeRequest(moved);
    }

    private static String pathOf(Request request) {
        try {
            return new URL(request.getUrl()).getPath();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("twilio-java built an invalid URL", e);
        }
    }

    private static void copy(Map<String, List<String>> params, java.util.function.BiConsumer<String, String> add) {
        params.forEach((name, values) -> values.forEach(value -> add.accept(name, value)));
    }
}
