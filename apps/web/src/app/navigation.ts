/** One entry of the main navigation. */
export interface NavigationItem {
  /** Path of the page, also used to highlight the active link. */
  path: string;
  label: string;
  /** One line under the label saying what the page is for. */
  description: string;
}

/** The main navigation, in display order. */
export const NAVIGATION_ITEMS: readonly NavigationItem[] = [
  { path: "/generate", label: "Generate", description: "Code from a description" },
  { path: "/explain", label: "Explain", description: "Understand a piece of code" },
  { path: "/history", label: "History", description: "Your past questions" },
  { path: "/profile", label: "Profile", description: "Your account" },
  { path: "/admin", label: "Admin", description: "Usage, quality and users" },
];
