import { Switch } from "@mantine/core";
import { createContext, type ReactNode, useContext, useState } from "react";

/** How often the admin page refreshes its data while live, in milliseconds. */
export const LIVE_REFRESH_MS = 5_000;

interface LiveRefresh {
  isLive: boolean;
  setLive: (isLive: boolean) => void;
}

const LiveRefreshContext = createContext<LiveRefresh>({ isLive: true, setLive: () => {} });

/** Holds the page's live/paused switch for every panel below it. */
export function LiveRefreshProvider({ children }: { children: ReactNode }) {
  const [isLive, setLive] = useState(true);
  return <LiveRefreshContext value={{ isLive, setLive }}>{children}</LiveRefreshContext>;
}

/**
 * The TanStack Query options of a live panel: refetch every few seconds while live, nothing while
 * paused. Data is replaced in place when it arrives, so nothing flickers or shows a spinner.
 */
export function useLiveInterval(): number | false {
  return useContext(LiveRefreshContext).isLive ? LIVE_REFRESH_MS : false;
}

/** The Live/Paused switch in the page's toolbar. */
export function LiveRefreshSwitch() {
  const { isLive, setLive } = useContext(LiveRefreshContext);
  return (
    <Switch
      checked={isLive}
      onChange={(event) => setLive(event.currentTarget.checked)}
      label={isLive ? "Live" : "Paused"}
      aria-label="Live refresh"
      description={isLive ? `Refreshes every ${LIVE_REFRESH_MS / 1000} s` : "Not refreshing"}
    />
  );
}
