import { isInsideZalo } from "./environment";
import { loadZaloSdk } from "./zalo-sdk";

/**
 * Inside Zalo the native action bar (app-config.json) is the one header: it shows the page's
 * title and the back button (docs/decisions/0014-one-header-native-inside-zalo.md). Outside
 * Zalo there is no such bar and the page draws its own title, so this does nothing there.
 */
export function setNativeTitle(title: string): void {
  if (!isInsideZalo()) return;
  // An older Zalo without the API keeps app-config's headerTitle: nothing else to do.
  loadZaloSdk()
    .then(({ setNavigationBarTitle }) => setNavigationBarTitle({ title }))
    .catch(() => undefined);
}
