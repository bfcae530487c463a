import { createBrowserRouter, Navigate } from "react-router";
import { AdminPage } from "../features/admin/admin-page";
import { ExplainPage } from "../features/explain/explain-page";
import { GeneratePage } from "../features/generate/generate-page";
import { HistoryPage } from "../features/history/history-page";
import { ProfilePage } from "../features/profile/profile-page";
import { AppLayout } from "./app-layout";
import { NotFoundPage } from "./not-found-page";

/**
 * Real paths (no hash): the server answers unknown non-API paths with index.html, so a reload or a
 * shared link of `/explain` lands on the right page.
 */
export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to="/generate" replace /> },
      { path: "generate", element: <GeneratePage /> },
      { path: "explain", element: <ExplainPage /> },
      { path: "history", element: <HistoryPage /> },
      { path: "profile", element: <ProfilePage /> },
      { path: "admin", element: <AdminPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
