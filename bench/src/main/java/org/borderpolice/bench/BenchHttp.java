package org.borderpolice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.config.SocketConfig;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * The benches' HTTP client: Apache HttpClient (classic), which does its I/O on the calling thread
 * over kept-alive connections with TCP_NODELAY. On two cores shared with the services, the load
 * generator's own work is part of every figure: java.net.http hands each exchange between its
 * selector thread and the caller (a local hit/no-hit check at 1,000,000 alerts: p50 2.0, p95 5.7 ms
 * with it; p50 1.2, p95 1.8 ms from wrk on the same processes), and HttpURLConnection without
 * TCP_NODELAY sends headers and body as two segments (p50 3.2 ms).
 */
final class BenchHttp implements AutoCloseable {

    /** Status and body of a response. */
    record Reply(int status, String body) {}

    private final CloseableHttpClient client;

    /** A client for up to {@code connections} concurrent callers. */
    BenchHttp(int connections) {
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectTimeout(5_000)
                .setSocketTimeout(30_000)
                .setConnectionRequestTimeout(30_000)
                .build();
        client = HttpClients.custom()
                .setDefaultSocketConfig(
                        SocketConfig.custom().setTcpNoDelay(true).build())
                .setDefaultRequestConfig(timeouts)
                .setMaxConnPerRoute(connections)
                .setMaxConnTotal(connections)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .build();
    }

    /** A GET; the body is read to the end (so the connection is reused) and discarded. Status, or -1. */
    int get(String url, String token) {
        return send(authorised(new HttpGet(url), token)).status();
    }

    /** A GET with its status and body (status -1 and the exception if the exchange failed). */
    Reply getReply(String url, String token) {
        return send(authorised(new HttpGet(url), token));
    }

    /** The body of a GET that must succeed (the services' metrics). */
    String fetch(String url) {
        Reply reply = send(new HttpGet(url));
        if (reply.status() != 200) {
            throw new IllegalStateException("GET " + url + ": status " + reply.status());
        }
        return reply.body();
    }

    /** A POST of JSON. Status -1 if the exchange failed. */
    Reply post(String url, String json, String token) {
        HttpPost post = new HttpPost(url);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        return send(authorised(post, token));
    }

    /** A PUT of JSON. Status -1 if the exchange failed. */
    Reply put(String url, String json, String token) {
        HttpPut put = new HttpPut(url);
        put.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        return send(authorised(put, token));
    }

    private static HttpRequestBase authorised(HttpRequestBase request, String token) {
        if (token != null) {
            request.setHeader("Authorization", "Bearer " + token);
        }
        return request;
    }

    private Reply send(HttpRequestBase request) {
        try (CloseableHttpResponse response = client.execute(request)) {
            String body = response.getEntity() == null
                    ? ""
                    : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            return new Reply(response.getStatusLine().getStatusCode(), body);
        } catch (IOException e) {
            // what failed, for a bench that reports its errors (a timeout, a connection closed, ...)
            return new Reply(-1, e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
