using System.Net;

namespace DocAssist.Llm.Egress;

/// <summary>Counts the request and response body bytes of every attempt and fails a response body that stops sending.</summary>
internal sealed class EgressMeterHandler(EgressLedger ledger, HttpMessageHandler transport, TimeSpan stallTimeout) : DelegatingHandler(transport)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!EgressGuardHandler.TryGetContext(request, out EgressContext context))
        {
            // Defence in depth: a request that did not pass the guard never reaches the network.
            throw new InvalidOperationException("A model request bypassed the egress guard.");
        }

        ledger.AddRequest(context.Destination, context.Purpose, context.IsLoopback);
        HttpContent? original = request.Content;
        if (original is not null)
        {
            request.Content = new CountingContent(original, n => ledger.AddSent(context.Destination, context.Purpose, context.IsLoopback, n));
        }

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.Content = original;
        }

        response.Content = new MeteredResponseContent(
            response.Content, n => ledger.AddReceived(context.Destination, context.Purpose, context.IsLoopback, n), stallTimeout, context.Destination);
        return response;
    }

    /// <summary>Wraps request content so the bytes written to the connection are counted.</summary>
    private sealed class CountingContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly Action<long> _count;

        public CountingContent(HttpContent inner, Action<long> count)
        {
            _inner = inner;
            _count = count;
            foreach (KeyValuePair<string, IEnumerable<string>> header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var counting = new CountingStream(stream, _count, TimeSpan.Zero, string.Empty, ownsInner: false);
            await using (counting.ConfigureAwait(false))
            {
                await _inner.CopyToAsync(counting, cancellationToken).ConfigureAwait(false);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }
    }

    /// <summary>Wraps response content so bytes read are counted and a silent connection fails.</summary>
    private sealed class MeteredResponseContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly Action<long> _count;
        private readonly TimeSpan _stallTimeout;
        private readonly string _destination;

        public MeteredResponseContent(HttpContent inner, Action<long> count, TimeSpan stallTimeout, string destination)
        {
            _inner = inner;
            _count = count;
            _stallTimeout = stallTimeout;
            _destination = destination;
            foreach (KeyValuePair<string, IEnumerable<string>> header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            Stream source = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
        {
            Stream inner = await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new CountingStream(inner, _count, _stallTimeout, _destination, ownsInner: true);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
