import {
  ActionIcon,
  AppShell,
  Burger,
  Group,
  NavLink,
  Text,
  Title,
  useComputedColorScheme,
  useMantineColorScheme,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Link, Outlet, useLocation } from "react-router";
import { AdminSearchBox } from "../features/admin/admin-search-box";
import { UserMenu } from "../features/auth/user-menu";
import { useSession } from "../lib/api/use-session";
import { navigationFor } from "./navigation";

/**
 * The frame around every page of a signed-in person: header with the product name and their
 * account menu, the navigation their role may use, and the page itself.
 */
export function AppLayout() {
  const [isNavbarOpen, { toggle: toggleNavbar, close: closeNavbar }] = useDisclosure(false);
  const { pathname } = useLocation();
  const { user } = useSession();

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !isNavbarOpen } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" gap="sm">
          <Burger
            opened={isNavbarOpen}
            onClick={toggleNavbar}
            hiddenFrom="sm"
            size="sm"
            aria-label={isNavbarOpen ? "Close navigation" : "Open navigation"}
          />
          <Title order={1} size="h3">
            CodeGenie
          </Title>
          <Text size="sm" c="dimmed" visibleFrom="sm">
            your self-hosted coding assistant
          </Text>
          <Group ml="auto" gap="xs">
            {user?.role === "admin" && <AdminSearchBox />}
            <ColorSchemeToggle />
            {user && <UserMenu user={user} />}
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation" component="nav">
        {navigationFor(user?.role ?? "user").map((item) => {
          const isActive = pathname === item.path || pathname.startsWith(`${item.path}/`);
          return (
            <NavLink
              key={item.path}
              component={Link}
              to={item.path}
              label={item.label}
              description={item.description}
              active={isActive}
              aria-current={isActive ? "page" : undefined}
              // On phones the navbar covers the page, so get it out of the way once a page is chosen.
              onClick={closeNavbar}
            />
          );
        })}
      </AppShell.Navbar>

      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/** Switches between light and dark; the first visit follows the system's setting. */
function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const isDark = useComputedColorScheme("light") === "dark";
  const label = isDark ? "Switch to light theme" : "Switch to dark theme";
  return (
    <ActionIcon
      variant="default"
      size="lg"
      aria-label={label}
      title={label}
      onClick={() => setColorScheme(isDark ? "light" : "dark")}
    >
      <span aria-hidden="true">{isDark ? "☀" : "☾"}</span>
    </ActionIcon>
  );
}
