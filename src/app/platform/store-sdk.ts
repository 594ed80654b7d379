import { openPhone, openWebview } from "zmp-sdk/apis";
import { isInsideZalo } from "./environment";

/*
 * The store list's zmp-sdk calls (issue 16): "Gọi" opens Zalo's call screen (openPhone, SDK
 * 2.5.3), "Chỉ đường" opens the map link in a full-screen webview (openWebview, 2.11.0; the
 * documented way to open a web page from a Mini App). Only the stores page imports this module,
 * so the SDK travels in its chunk. Outside Zalo both answer false and the page's plain links
 * (tel:, https in a new tab) do the work.
 */

/** True when Zalo took the call; false outside Zalo or when the SDK refused (the tel: link then runs). */
export async function callStore(phone: string): Promise<boolean> {
  if (!isInsideZalo()) return false;
  try {
    await openPhone({ phoneNumber: phone.replace(/[\s.-]/g, "") });
    return true;
  } catch {
    return false;
  }
}

export async function openDirections(url: string): Promise<boolean> {
  if (!isInsideZalo()) return false;
  try {
    await openWebview({ url, config: { style: "normal" } });
    return true;
  } catch {
    return false;
  }
}
