using Huangpu.Grpc.Payments.V1;
using Microsoft.AspNetCore.Authorization;

namespace Huangpu.Payments.Grpc;

[Authorize]
public sealed class PaymentsGrpcService : PaymentsService.PaymentsServiceBase;
