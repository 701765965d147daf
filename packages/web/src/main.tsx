/**
 * The workbench: a hash-routed single page (#/incidents, #/incidents/N, #/rules, #/hunt, #/data).
 * A server-sent `changed` event (the store was written: detection, another analyst, this page)
 * bumps a revision every page reloads its data on.
 */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { DataPage } from "./pages/data-page";
import { HuntPage } from "./pages/hunt-page";
import { IncidentPage } from "./pages/incident-page";
import { QueuePage } from "./pages/queue-page";
import { RulesPage } from "./pages/rules-page";
import "uplot/dist/uPlot.min.css";
import "./styles.css";

function useHash(): string {
  const [hash, setHash] = useState(location.hash || "#/incidents");
  useEffect(() => {
    const on = () => setHash(location.hash || "#/incidents");
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return hash;
}

function useRevision(): number {
  const [rev, setRev] = useState(0);
  useEffect(() => {
    const es = new EventSource("/api/events");
    es.addEventListener("changed", () => setRev((r) => r + 1));
    return () => es.close();
  }, []);
  return rev;
}

function App() {
  const hash = useHash();
  const rev = useRevision();
  const incident = /^#\/incidents\/([^/]+)$/.exec(hash);
  const page = incident
    ? <IncidentPage ref_={decodeURIComponent(incident[1]!)} rev={rev} />
    : hash.startsWith("#/rules")
      ? <RulesPage rev={rev} />
      : hash.startsWith("#/hunt")
        ? <HuntPage />
        : hash.startsWith("#/data")
          ? <DataPage rev={rev} />
          : <QueuePage rev={rev} />;
  const tab = (href: string, label: string, active: boolean) => (
    <a href={href} class={active ? "tab active" : "tab"}>
      {label}
    </a>
  );
  return (
    <>
      <header>
        <span class="brand">widar</span>
        <nav>
          {tab("#/incidents", "Incidents", hash.startsWith("#/incidents"))}
          {tab("#/rules", "Rules", hash.startsWith("#/rules"))}
          {tab("#/hunt", "Hunting", hash.startsWith("#/hunt"))}
          {tab("#/data", "Data", hash.startsWith("#/data"))}
        </nav>
      </header>
      <main>{page}</main>
    </>
  );
}

render(<App />, document.getElementById("app")!);
