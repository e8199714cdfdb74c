using Google.Protobuf;
using Grpc.Core;

namespace Huangpu.PartnerClient.Tests;

/// <summary>A channel stand-in: records every attempt and answers each from a script (an exception or a response).</summary>
internal sealed class ScriptedInvoker(params Func<object, object>[] script) : CallInvoker
{
    private readonly Queue<Func<object, object>> _script = new(script);

    public List<(string Method, IMessage Request, CallOptions Options)> Attempts { get; } = [];

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        lock (Attempts)
        {
            Attempts.Add((method.FullName, (IMessage)request, options));
        }

        var answer = _script.Count > 1 ? _script.Dequeue()(request) : _script.Peek()(request);
        var response = answer is Exception e ? Task.FromException<TResponse>(e) : Task.FromResult((TResponse)answer);
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
}
