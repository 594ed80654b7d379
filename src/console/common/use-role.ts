import type { Role } from "../../domain/identity/roles";
import { useAuth } from "../auth-context";

/** The signed-in user's role (pages only render inside the signed-in shell). */
export function useRole(): Role | null {
  const { state } = useAuth();
  return state.status === "signedIn" ? state.me.user.role : null;
}

/**
 * Managers and admins change points and rewards; marketers only look. The server enforces
 * this (403 forbidden); the console hides what a marketer cannot do instead of letting them
 * fill in a form that is bound to fail.
 */
export function useCanManage(): boolean {
  const role = useRole();
  return role === "manager" || role === "admin";
}

/**
 * Surveys are the CX team's work: marketers create, edit, activate and archive them as managers
 * do (the server's survey writers). The brand-wide throttle stays with managers (useCanManage).
 */
export function useCanWriteSurveys(): boolean {
  const role = useRole();
  return role === "marketer" || role === "manager" || role === "admin";
}
