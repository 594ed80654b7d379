import {
  DevConsoleLoginRequest,
  DevRoleRequest,
  LinkLoginRequest,
  LoginResponse,
  LogoutRequest,
  MeResponse,
  RefreshRequest,
  Session,
  ZaloLoginRequest,
} from "../auth";
import { defineEndpoints } from "../endpoint";

export const authEndpoints = defineEndpoints({
  zaloLogin: { method: "post", path: "/auth/zalo", body: ZaloLoginRequest, response: LoginResponse },
  refresh: { method: "post", path: "/auth/refresh", body: RefreshRequest, response: Session },
  logout: { method: "post", path: "/auth/logout", body: LogoutRequest, response: null, status: [204] },
  me: { method: "get", path: "/me", response: MeResponse },
  devRole: { method: "post", path: "/dev/role", body: DevRoleRequest, response: LoginResponse },
  consoleDevLogin: { method: "post", path: "/console/auth/dev", body: DevConsoleLoginRequest, response: LoginResponse },
  consoleLinkLogin: { method: "post", path: "/console/auth/link", body: LinkLoginRequest, response: LoginResponse },
});
