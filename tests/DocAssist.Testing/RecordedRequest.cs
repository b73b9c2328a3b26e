namespace DocAssist.Testing;

/// <summary>One HTTP request the loopback server received, with the bytes of its body and of the response body it wrote.</summary>
public sealed record RecordedRequest(string Method, string Path, string Host, string Body, long RequestBodyBytes, long ResponseBodyBytes);
