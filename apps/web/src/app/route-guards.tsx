import { Center, Loader, Stack, Text } from "@mantine/core";
import { Navigate, Outlet, useLocation } from "react-router";
import {
  type AuthLocationState,
  readAuthLocationState,
} from "../features/auth/auth-location-state";
import { useSession } from "../lib/api/use-session";
import { NotFoundPage } from "./not-found-page";

/** Waits for the session to be restored from the refresh cookie before showing any page. */
export function SessionGate() {
  const { status } = useSession();
  if (status !== "restoring") return <Outlet />;
  return (
    <Center mih="100vh">
      <Stack align="center" gap="xs" role="status">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          Restoring your session…
        </Text>
      </Stack>
    </Center>
  );
}

/** Pages for signed-in people: others go to sign in, which brings them back here afterwards. */
export function RequireSignedIn() {
  const { status } = useSession();
  const location = useLocation();
  if (status === "signed-in") return <Outlet />;
  const state: AuthLocationState = { from: `${location.pathname}${location.search}` };
  return <Navigate to="/login" replace state={state} />;
}

/** Sign-in, sign-up and recovery: signed-in people go where they were headed, else Generate. */
export function GuestOnly() {
  const { status } = useSession();
  const location = useLocation();
  if (status !== "signed-in") return <Outlet />;
  return <Navigate to={readAuthLocationState(location.state).from ?? "/generate"} replace />;
}

/** Administrators' pages: to everyone else they do not exist (the server refuses them too). */
export function RequireAdmin() {
  const { user } = useSession();
  return user?.role === "admin" ? <Outlet /> : <NotFoundPage />;
}
