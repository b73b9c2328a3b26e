using System.ClientModel;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DocAssist.Core.Errors;
using DocAssist.Llm.Egress;
using Polly.Timeout;

namespace DocAssist.Llm.Models;

/// <summary>Turns what the HTTP stack, OllamaSharp and the OpenAI SDK throw into one clear <see cref="LlmException"/>.</summary>
public static class ModelErrors
{
    /// <summary>Gets a value indicating whether an error means the server could not be reached at all (so an extractive answer is the fallback).</summary>
    /// <param name="exception">Any error.</param>
    /// <returns><see langword="true"/> for refused connections, unknown hosts and failed probes.</returns>
    public static bool IsUnreachable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain })
            {
                return true;
            }

            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Maps an error from a model request to an <see cref="LlmException"/>; a policy refusal is returned unchanged.</summary>
    /// <param name="exception">The error.</param>
    /// <param name="endpoint">The server, for the message.</param>
    /// <param name="retries">How many retries were allowed, for the message.</param>
    /// <returns>The error to throw.</returns>
    public static Exception Map(Exception exception, Uri endpoint, int retries)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (EgressRefusal.TryFind(exception, out ConfigException refusal))
        {
            return refusal;
        }

        if (exception is LlmException)
        {
            return exception;
        }

        string server = endpoint.GetLeftPart(UriPartial.Authority);
        string after = retries > 0 ? $" after {retries + 1} attempts" : string.Empty;
        (string message, bool transient) = Find<TimeoutException>(exception) is { } stall
            ? ($"{stall.Message} Try again, or raise the stall limit if the model is slow on this machine.", true)
            : Find<TimeoutRejectedException>(exception) is not null
            ? ($"{server} did not answer in time{after}.", true)
            : Find<JsonException>(exception) is { } json
            ? ($"{server} sent a malformed response (not the JSON the protocol expects): {json.Message}", false)
            : Find<ClientResultException>(exception) is { Status: > 0 } client
            ? (Status(server, client.Status, after, client.Message), client.Status is 429 or >= 500)
            : Find<HttpRequestException>(exception) is { } http
            ? (http.StatusCode is { } code
                ? (Status(server, (int)code, after, http.Message), (int)code is 429 or >= 500)
                : ($"could not talk to {server}{after}: {Innermost(http).Message}", true))
            : Find<IOException>(exception) is { } io
            ? ($"the connection to {server} broke in the middle of a response: {Innermost(io).Message}", true)
            : ($"the model request to {server} failed: {exception.Message}", false);
        return new LlmException("model error: " + message, exception) { IsTransient = transient };
    }

    private static string Status(string server, int status, string after, string detail) => status switch
    {
        429 => $"{server} is rate-limiting requests (HTTP 429){after}. Wait a moment and try again.",
        404 => $"{server} answered 404: the model or the API path does not exist there ({detail}).",
        401 or 403 => $"{server} refused the credentials (HTTP {status}): check DOCASSIST_API_KEY.",
        >= 500 => $"{server} failed with HTTP {status}{after}.",
        _ => $"{server} answered HTTP {status}: {detail}",
    };

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
