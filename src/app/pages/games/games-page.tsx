import { useAtomValue, useSetAtom } from "jotai";
import { Button, Page, useNavigate } from "zmp-ui";
import { Notice } from "../../components/notice";
import { PageTitle } from "../../components/page-title";
import { usePageEntry } from "../../components/use-page-entry";
import { ROUTES } from "../../routes";
import { loadMyGamesAtom, myGamesAtom } from "../../state/games";
import { meAtom } from "../../state/session";
import { useGameT } from "./strings";
import { WheelSection } from "./wheel-section";
import "./games.css";

/** The Games tab (issue 14): the lucky wheel, the daily check-in and the invitations. */
export function GamesPage() {
  const gt = useGameT();
  const navigate = useNavigate();
  const isMember = useAtomValue(meAtom)?.user.isMember === true;
  const games = useAtomValue(myGamesAtom);
  const loadGames = useSetAtom(loadMyGamesAtom);

  // Plays reset at midnight and are earned elsewhere (a survey, the profile): read them on each visit.
  usePageEntry(() => {
    // Quiet once shown: the wheel stays on screen while it is read again.
    if (isMember) void loadGames({ quiet: games.status === "ready" });
  });

  return (
    <Page className="page page--tab games-page">
      <PageTitle title={gt("games.title")} />
      {isMember ? (
        <WheelSection />
      ) : (
        <div className="stack-12">
          <Notice tone="info">{gt("games.notMember")}</Notice>
          <Button fullWidth size="large" onClick={() => navigate(ROUTES.onboarding)}>
            {gt("games.join")}
          </Button>
        </div>
      )}
    </Page>
  );
}
