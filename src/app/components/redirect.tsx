import { useEffect, useRef } from "react";
import { useNavigate } from "zmp-ui";

/**
 * Replaces the current route without a slide animation (zmp-ui does not re-export <Navigate>).
 *
 * Navigates once per mount. AnimationRoutes keeps the page being left on screen during its
 * exit transition, and zmp-ui's navigate function changes identity on every navigation, so an
 * effect keyed on it would fire again from the exiting page and pull the user back.
 */
export function Redirect({ to }: { to: string }) {
  const navigate = useNavigate();
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    navigate(to, { replace: true, animate: false });
  }, [navigate, to]);
  return null;
}
