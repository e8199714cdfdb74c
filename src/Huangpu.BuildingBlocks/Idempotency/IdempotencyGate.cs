using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Huangpu.BuildingBlocks.Auth;
using Huangpu.BuildingBlocks.Errors;
using Huangpu.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Huangpu.BuildingBlocks.Idempotency;

/// <summary>
/// Runs a write at most once per (caller, operation, key), the caller being its subject, role and organisation. The record of the first answer is saved in the
/// owning service's database in the same transaction as the write; same key and same canonical body gives
/// the first answer again, same key with another body is Aborted (409). Requests with the same key are
/// serialised by a transaction-scoped advisory lock, so concurrent retries cannot both write.
/// </summary>
public sealed class IdempotencyGate(PlatformDbContext db, TimeProvider clock)
{
    public const string HeaderName = "idempotency-key";
    private const int MaxKeyLength = 200;

    /// <param name="operation">Stable name of the route, e.g. "registry.RegisterOrganization".</param>
    /// <param name="request">The request; its canonical form is its protobuf bytes with the request id cleared.</param>
    /// <param name="requestId">The body's <c>requestId</c> field, the alternative to the header.</param>
    /// <param name="write">Stages the change (and its outbox events) on the context and returns the answer.</param>
    public async Task<TResponse> RunAsync<TRequest, TResponse>(
        ServerCallContext context,
        string operation,
        TRequest request,
        string requestId,
        Func<CancellationToken, Task<TResponse>> write)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        var cancellationToken = context.CancellationToken;
        var key = ResolveKey(context.RequestHeaders.GetValue(HeaderName), requestId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (key is null)
        {
            var answer = await write(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return answer;
        }

        // The caller as a whole (subject, role and organisation), so the same subject acting for another
        // organisation never gets the first one's answer back: it is a fresh request, checked as one.
        var user = context.GetHttpContext().User;
        var scope = $"{user.SubjectOrAnonymous()}|{user.RoleOrNone()}|{user.OrganizationUscc()}|{operation}";
        var hash = CanonicalHash(request);
        var existing = await LockAndFindAsync(scope, key, cancellationToken);
        if (existing is not null)
        {
            if (!CryptographicOperations.FixedTimeEquals(existing.Value.RequestHash, hash))
            {
                throw RpcErrors.Aborted(
                    "IDEMPOTENCY_KEY_REUSED",
                    "This Idempotency-Key was already used with a different request body.",
                    "该幂等键已用于内容不同的请求。");
            }

            var first = new TResponse();
            first.MergeFrom(existing.Value.Response);
            return first;
        }

        var response = await write(cancellationToken);
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            Scope = scope,
            Key = key,
            RequestHash = hash,
            Response = response.ToByteArray(),
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return response;
    }

    /// <summary>
    /// Takes the key's transaction-scoped lock, then reads its record: two statements in one round trip, the
    /// read after the lock, so it sees what a concurrent holder of the same key committed.
    /// </summary>
    private async Task<(byte[] RequestHash, byte[] Response)?> LockAndFindAsync(string scope, string key, CancellationToken cancellationToken)
    {
        await using var batch = db.Database.CreateBatch()
            .Add("SELECT pg_advisory_xact_lock($1)", [LockId(scope, key)])
            .Add("SELECT request_hash, response FROM idempotency_records WHERE scope = $1 AND key = $2", [scope, key]);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1))
            : null;
    }

    internal static string? ResolveKey(string? header, string requestId)
    {
        header = string.IsNullOrWhiteSpace(header) ? null : header.Trim();
        var field = string.IsNullOrWhiteSpace(requestId) ? null : requestId.Trim();
        if (header is not null && field is not null && !string.Equals(header, field, StringComparison.Ordinal))
        {
            throw RpcErrors.InvalidArgument(
                "requestId",
                "The Idempotency-Key header and the requestId field differ; send one, or the same value in both.",
                "Idempotency-Key 请求头与 requestId 字段不一致；请只提供其一，或两者取相同值。");
        }

        var key = header ?? field;
        if (key is not null && key.Length > MaxKeyLength)
        {
            throw RpcErrors.InvalidArgument("requestId", $"An idempotency key has at most {MaxKeyLength} characters.", $"幂等键最多 {MaxKeyLength} 个字符。");
        }

        return key;
    }

    internal static byte[] CanonicalHash<TRequest>(TRequest request)
        where TRequest : IMessage<TRequest>
    {
        var canonical = request.Clone();
        var requestIdField = canonical.Descriptor.FindFieldByName("request_id");
        requestIdField?.Accessor.Clear(canonical);
        return SHA256.HashData(canonical.ToByteArray());
    }

    private static long LockId(string scope, string key) =>
        BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{key}")));
}
