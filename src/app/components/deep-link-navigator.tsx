import { useEffect, useRef } from "react";
import { useLocation, useNavigate } from "zmp-ui";
import { onDeepLink } from "../platform/deep-links";

/**
 * Follows a deep link Zalo hands the running app (platform/deep-links): a ZNS survey button
 * tapped while the app is in the background opens `/survey/<id>?t=<token>` over whatever page
 * was open, as a new page (back returns there). The same path and query as the page shown
 * opens nothing new.
 */
export function DeepLinkNavigator() {
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const here = useRef("");
  here.current = `${pathname}${search}`;
  const latestNavigate = useRef(navigate);
  latestNavigate.current = navigate;
  useEffect(
    () =>
      onDeepLink((path) => {
        if (path !== here.current) latestNavigate.current(path);
      }),
    [],
  );
  return null;
}
