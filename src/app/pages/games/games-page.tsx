import { Page } from "zmp-ui";
import { PageTitle } from "../../components/page-title";
import { useGameT } from "./strings";
import "./games.css";

/** The Games tab (issue 14): the lucky wheel, the daily check-in and the invitations. */
export function GamesPage() {
  const gt = useGameT();
  return (
    <Page className="page page--tab games-page">
      <PageTitle title={gt("games.title")} />
    </Page>
  );
}
