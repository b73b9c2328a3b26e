using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace DocAssist.Llm.Models;

/// <summary>Builds the bounded retry and timeout pipelines that sit between the egress guard and the meter.</summary>
internal static class ModelResilience
{
    public static ResilienceHandler CreateHandler(ModelOptions options, HttpMessageHandler inner)
    {
        ResiliencePipeline<HttpResponseMessage> work = Build(options, options.MaxRetries, options.AttemptTimeout);
        ResiliencePipeline<HttpResponseMessage> probe = Build(options, 0, options.ProbeTimeout);

        // Reads (model lists, model info) are probes: fail fast so a missing server means an extractive answer at once.
        return new ResilienceHandler(request => request.Method == HttpMethod.Get ? probe : work) { InnerHandler = inner };
    }

    private static ResiliencePipeline<HttpResponseMessage> Build(ModelOptions options, int retries, TimeSpan attemptTimeout)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (retries > 0)
        {
            TimeSpan maxRetryAfter = options.MaxRetryAfter;
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = false,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result?.Headers.RetryAfter, maxRetryAfter)),
            });
        }

        return builder.AddTimeout(attemptTimeout).Build();
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeSpan max)
    {
        TimeSpan? wait = header?.Delta ?? (header?.Date - DateTimeOffset.UtcNow);
        if (wait is null)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : (wait > max ? max : wait);
    }
}
