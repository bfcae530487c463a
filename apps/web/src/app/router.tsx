import { createBrowserRouter, Navigate } from "react-router";
import { ForgotPasswordPage } from "../features/auth/forgot-password-page";
import { SignInPage } from "../features/auth/sign-in-page";
import { SignUpPage } from "../features/auth/sign-up-page";
import { GeneratePage } from "../features/generate/generate-page";
import { HistoryPage } from "../features/history/history-page";
import { ProfilePage } from "../features/profile/profile-page";
import { AppLayout } from "./app-layout";
import { NotFoundPage } from "./not-found-page";
import { GuestOnly, RequireAdmin, RequireSignedIn, SessionGate } from "./route-guards";

/**
 * Real paths (no hash): the server answers unknown non-API paths with index.html, so a reload or a
 * shared link of `/explain` lands on the right page. Nothing shows until the session is restored;
 * then the auth pages are for signed-out people and everything else for signed-in ones.
 */
export const router = createBrowserRouter([
  {
    element: <SessionGate />,
    children: [
      {
        element: <GuestOnly />,
        children: [
          { path: "login", element: <SignInPage /> },
          { path: "signup", element: <SignUpPage /> },
          { path: "forgot-password", element: <ForgotPasswordPage /> },
        ],
      },
      {
        element: <RequireSignedIn />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <Navigate to="/generate" replace /> },
              { path: "generate", element: <GeneratePage /> },
              {
                path: "explain",
                // Loaded when first opened: the code editor and its grammars are most of its weight.
                lazy: async () => ({
                  Component: (await import("../features/explain/explain-page")).ExplainPage,
                }),
              },
              { path: "history", element: <HistoryPage /> },
              { path: "profile", element: <ProfilePage /> },
              {
                element: <RequireAdmin />,
                children: [
                  {
                    path: "admin",
                    // Loaded when first opened: the charts and the word cloud layout are heavy.
                    lazy: async () => ({
                      Component: (await import("../features/admin/admin-page")).AdminPage,
                    }),
                  },
                ],
              },
              { path: "*", element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);
