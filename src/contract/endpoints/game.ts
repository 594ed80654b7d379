import { defineEndpoints } from "../endpoint";
import { ExportFile } from "../exports";
import {
  BuyPlayRequest,
  BuyPlayResponse,
  ConsoleGameCampaignDetail,
  ConsoleGameCampaignList,
  FollowedOaResponse,
  GameCampaignIdParam,
  GameCampaignInput,
  GameCampaignUpdateRequest,
  GameDrawLogQuery,
  GameOddsPreview,
  GameOddsPreviewRequest,
  GameResults,
  GameResultsQuery,
  GameRules,
  GameSettings,
  GameSettingsUpdate,
  MyGames,
  SpinRequest,
  SpinResponse,
} from "../game";

/** The Mini App's Games page. */
export const gameEndpoints = defineEndpoints({
  myGames: { method: "get", path: "/members/me/games", response: MyGames },
  gameRules: { method: "get", path: "/members/me/games/{campaignId}/rules", params: GameCampaignIdParam, response: GameRules },
  spin: {
    method: "post",
    path: "/members/me/games/{campaignId}/spins",
    params: GameCampaignIdParam,
    body: SpinRequest,
    response: SpinResponse,
    status: [201, 200],
  },
  buyPlay: {
    method: "post",
    path: "/members/me/games/{campaignId}/plays",
    params: GameCampaignIdParam,
    body: BuyPlayRequest,
    response: BuyPlayResponse,
    status: [201, 200],
  },
  followedOa: { method: "post", path: "/members/me/games/followed-oa", response: FollowedOaResponse },
});

/**
 * The console's side of the wheel. Declared here with the member's so the shapes live in one
 * place; add this table to test/api/endpoints.test.ts when its routes are served.
 */
export const gameConsoleEndpoints = defineEndpoints({
  listGameCampaigns: { method: "get", path: "/console/games", response: ConsoleGameCampaignList },
  createGameCampaign: {
    method: "post",
    path: "/console/games",
    body: GameCampaignInput,
    response: ConsoleGameCampaignDetail,
    status: [201],
  },
  getGameCampaign: { method: "get", path: "/console/games/{campaignId}", params: GameCampaignIdParam, response: ConsoleGameCampaignDetail },
  updateGameCampaign: {
    method: "put",
    path: "/console/games/{campaignId}",
    params: GameCampaignIdParam,
    body: GameCampaignUpdateRequest,
    response: ConsoleGameCampaignDetail,
  },
  previewGameOdds: { method: "post", path: "/console/games/odds-preview", body: GameOddsPreviewRequest, response: GameOddsPreview },
  publishGameCampaign: {
    method: "post",
    path: "/console/games/{campaignId}/publish",
    params: GameCampaignIdParam,
    response: ConsoleGameCampaignDetail,
  },
  pauseGameCampaign: {
    method: "post",
    path: "/console/games/{campaignId}/pause",
    params: GameCampaignIdParam,
    response: ConsoleGameCampaignDetail,
  },
  resumeGameCampaign: {
    method: "post",
    path: "/console/games/{campaignId}/resume",
    params: GameCampaignIdParam,
    response: ConsoleGameCampaignDetail,
  },
  gameResults: {
    method: "get",
    path: "/console/games/{campaignId}/results",
    params: GameCampaignIdParam,
    query: GameResultsQuery,
    response: GameResults,
  },
  gameDrawLog: {
    method: "get",
    path: "/console/games/{campaignId}/draws.csv",
    params: GameCampaignIdParam,
    query: GameDrawLogQuery,
    response: ExportFile,
    mediaType: "spreadsheet",
  },
  /** At /game-settings, not /games/…: a literal under /games would meet the {campaignId} routes. */
  gameSettings: { method: "get", path: "/console/game-settings", response: GameSettings },
  updateGameSettings: { method: "put", path: "/console/game-settings", body: GameSettingsUpdate, response: GameSettings },
});
