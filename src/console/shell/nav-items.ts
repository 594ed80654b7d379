import type { ComponentType, SVGProps } from "react";
import type { Role } from "../../domain/identity/roles";
import type { MessageKey } from "../i18n";
import {
  CampaignsIcon,
  CasesIcon,
  GamesIcon,
  IntegrationsIcon,
  LedgerIcon,
  MembersIcon,
  MessagesIcon,
  OverviewIcon,
  PreferencesIcon,
  ProgrammeIcon,
  RetentionIcon,
  RewardsIcon,
  SegmentsIcon,
  StaffIcon,
  StoresIcon,
  SurveysIcon,
  TriggersIcon,
} from "./icons";

export type NavItem = {
  path: string;
  labelKey: MessageKey;
  Icon: ComponentType<Omit<SVGProps<SVGSVGElement>, "children">>;
  /** Shown only to these roles; absent: every console role (the server still refuses the rest). */
  roles?: readonly Role[];
};

/** Sidebar order; the routes in console-app.tsx use the same paths. */
export const NAV_ITEMS: readonly NavItem[] = [
  // The loop's health on one page (every console role reads it); the sign-in still lands on members.
  { path: "/overview", labelKey: "nav.overview", Icon: OverviewIcon },
  { path: "/members", labelKey: "nav.members", Icon: MembersIcon },
  // Every console role may read the ledger (GET /console/ledger is CONSOLE_ROLES), so no role filter.
  { path: "/ledger", labelKey: "nav.ledger", Icon: LedgerIcon },
  { path: "/rewards", labelKey: "nav.rewards", Icon: RewardsIcon },
  { path: "/preferences", labelKey: "nav.preferences", Icon: PreferencesIcon },
  { path: "/surveys", labelKey: "nav.surveys", Icon: SurveysIcon },
  // Every console role reads the wheels; managers change them.
  { path: "/games", labelKey: "nav.games", Icon: GamesIcon },
  // Where the surveys' low answers land for the store to follow up (every console role reads them).
  { path: "/cases", labelKey: "nav.cases", Icon: CasesIcon },
  // Retention and the store view sit beside surveys: the voice of the customer joined to visits.
  { path: "/retention", labelKey: "nav.retention", Icon: RetentionIcon },
  { path: "/stores", labelKey: "nav.stores", Icon: StoresIcon },
  { path: "/segments", labelKey: "nav.segments", Icon: SegmentsIcon },
  { path: "/campaigns", labelKey: "nav.campaigns", Icon: CampaignsIcon },
  // Always-on triggers: their own page until the campaigns section has tabs to hold them.
  { path: "/triggers", labelKey: "nav.triggers", Icon: TriggersIcon },
  { path: "/messages", labelKey: "nav.messages", Icon: MessagesIcon },
  // Administration last: set up once, visited rarely (admins change it, managers read it).
  { path: "/store-admin", labelKey: "nav.storeAdmin", Icon: StaffIcon },
  // The programme's rules (earn rate, tiers, expiry, promotions): managers change them, marketers read.
  { path: "/programme", labelKey: "nav.programme", Icon: ProgrammeIcon },
  // POS API keys and webhooks: secrets an admin hands to another system; every route is ADMINS, so others would only meet a 403.
  { path: "/integrations", labelKey: "nav.integrations", Icon: IntegrationsIcon, roles: ["admin"] },
];
