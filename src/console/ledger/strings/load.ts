import { registerMessages } from "../../i18n";
import { en } from "./en";
import { vi } from "./vi";

/**
 * Adds the ledger's strings to the console's dictionary: imported for its effect by the ledger
 * page and by the member page (whose history uses the same table), so they travel in the
 * chunk those pages share.
 */
registerMessages({ vi, en });
