using Huangpu.Grpc.Applications.V1;
using Microsoft.AspNetCore.Authorization;

namespace Huangpu.Applications.Grpc;

[Authorize]
public sealed class ApplicationsGrpcService : ApplicationsService.ApplicationsServiceBase;
