using Grpc.Core;
using Huangpu.BuildingBlocks.Idempotency;
using Huangpu.Grpc.Registry.V1;

namespace Huangpu.BuildingBlocks.Tests;

public sealed class IdempotencyGateTests
{
    [Theory]
    [InlineData(null, "", null)]
    [InlineData("  ", " ", null)]
    [InlineData("k1", "", "k1")]
    [InlineData(null, "k2", "k2")]
    [InlineData(" k3 ", "k3", "k3")]
    public void The_key_comes_from_the_header_or_the_request_id(string? header, string requestId, string? expected) =>
        Assert.Equal(expected, IdempotencyGate.ResolveKey(header, requestId));

    [Fact]
    public void A_header_and_a_different_request_id_are_invalid_argument_naming_request_id()
    {
        var ex = Assert.Throws<RpcException>(() => IdempotencyGate.ResolveKey("a", "b"));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var badRequest = ex.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>();
        Assert.Equal("requestId", Assert.Single(badRequest.FieldViolations).Field);
    }

    [Fact]
    public void An_overlong_key_is_refused() =>
        Assert.Equal(StatusCode.InvalidArgument, Assert.Throws<RpcException>(() => IdempotencyGate.ResolveKey(new string('k', 201), "")).StatusCode);

    [Fact]
    public void The_canonical_body_ignores_the_request_id_but_nothing_else()
    {
        var a = new RegisterOrganizationRequest { Uscc = "91310101MA1FL3X21R", Name = "A", RequestId = "one" };
        var b = new RegisterOrganizationRequest { Uscc = "91310101MA1FL3X21R", Name = "A", RequestId = "two" };
        var c = new RegisterOrganizationRequest { Uscc = "91310101MA1FL3X21R", Name = "B", RequestId = "one" };
        Assert.Equal(IdempotencyGate.CanonicalHash(a), IdempotencyGate.CanonicalHash(b));
        Assert.NotEqual(IdempotencyGate.CanonicalHash(a), IdempotencyGate.CanonicalHash(c));
        Assert.Equal("one", a.RequestId); // the request itself is not changed
    }
}
