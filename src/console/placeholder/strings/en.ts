import type { vi } from "./vi";

/** English strings of the pages still to come, key for key the Vietnamese ones. */
export const en: Record<keyof typeof vi, string> = {
  "placeholder.badge": "Coming soon",
  "placeholder.note": "This page arrives in a later release.",
  "surveys.title": "Surveys",
  "surveys.body":
    "Create short surveys in the Mini App to ask members about their preferences (with their consent), and see the combined results here.",
  "campaigns.title": "Campaigns",
  "campaigns.body": "Schedule offers, bonus points and vouchers for each segment, and track how often they are redeemed in store.",
};
