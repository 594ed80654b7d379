import { useEffect } from "react";
import { useNavigate } from "zmp-ui";

/** Replaces the current route without a slide animation (zmp-ui does not re-export <Navigate>). */
export function Redirect({ to }: { to: string }) {
  const navigate = useNavigate();
  useEffect(() => {
    navigate(to, { replace: true, animate: false });
  }, [navigate, to]);
  return null;
}
