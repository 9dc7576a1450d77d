package org.borderpolice.federation.problem;

/**
 * One title per HTTP status, used by every producer of problem documents (the JAX-RS mappers and
 * the HTTP server's own pages), so that a client sees the same title for the same status wherever
 * it was decided.
 */
public final class ProblemTitles {

    private ProblemTitles() {}

    public static String of(int status) {
        return switch (status) {
            case 400 -> "请求不合法 Bad request";
            case 401 -> "未认证 Not authenticated";
            case 403 -> "无权访问 Forbidden";
            case 404 -> "未找到 Not found";
            case 405 -> "方法不允许 Method not allowed";
            case 406 -> "无法提供该格式 Not acceptable";
            case 409 -> "状态冲突 Conflict";
            case 413 -> "请求体过大 Payload too large";
            case 414 -> "请求地址过长 URI too long";
            case 415 -> "不支持的媒体类型 Unsupported media type";
            case 422 -> "无法处理 Unprocessable request";
            case 429 -> "请求过多 Too many requests";
            case 431 -> "请求头过大 Request header fields too large";
            case 500 -> "服务器错误 Server error";
            case 502 -> "上游服务出错 Bad gateway";
            case 503 -> "服务暂不可用 Service unavailable";
            case 504 -> "上游服务超时 Gateway timeout";
            default -> {
                var known = io.netty.handler.codec.http.HttpResponseStatus.valueOf(status);
                yield known.reasonPhrase();
            }
        };
    }
}
