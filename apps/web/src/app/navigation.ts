import type { TRole } from "@codegenie/shared";

/** One entry of the main navigation. */
export interface NavigationItem {
  /** Path of the page, also used to highlight the active link. */
  path: string;
  label: string;
  /** One line under the label saying what the page is for. */
  description: string;
  /** Shown only to administrators (the server refuses everyone else anyway). */
  isAdminOnly?: boolean;
}

/** The main navigation, in display order. */
export const NAVIGATION_ITEMS: readonly NavigationItem[] = [
  { path: "/generate", label: "Generate", description: "Code from a description" },
  { path: "/explain", label: "Explain", description: "Understand a piece of code" },
  { path: "/history", label: "History", description: "Your past questions" },
  { path: "/profile", label: "Profile", description: "Your account" },
  { path: "/admin", label: "Admin", description: "Usage, quality and users", isAdminOnly: true },
];

/** The entries someone with this role may use. */
export function navigationFor(role: TRole): NavigationItem[] {
  return NAVIGATION_ITEMS.filter((item) => !item.isAdminOnly || role === "admin");
}
