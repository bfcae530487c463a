import { ActionIcon, TextInput } from "@mantine/core";
import { useState } from "react";
import { useNavigate } from "react-router";

/**
 * The header's search box for administrators: Enter opens the admin Search tab with the text, which
 * looks through users, history, feedback and the audit log. On phones a button opens the tab.
 */
export function AdminSearchBox() {
  const [text, setText] = useState("");
  const navigate = useNavigate();
  const open = () => {
    const q = text.trim();
    void navigate(q ? `/admin?tab=search&q=${encodeURIComponent(q)}` : "/admin?tab=search");
  };
  return (
    <>
      <form
        aria-label="Admin search"
        onSubmit={(event) => {
          event.preventDefault();
          open();
        }}
      >
        <TextInput
          type="search"
          aria-label="Search users, history, feedback and audit log"
          placeholder="Search everything…"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          maxLength={200}
          size="sm"
          w={240}
          visibleFrom="md"
        />
      </form>
      <ActionIcon
        variant="default"
        size="lg"
        hiddenFrom="md"
        aria-label="Search everything"
        title="Search everything"
        onClick={open}
      >
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" fill="none">
          <circle cx="10.5" cy="10.5" r="6.5" stroke="currentColor" strokeWidth="2" />
          <path d="M15.5 15.5 21 21" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      </ActionIcon>
    </>
  );
}
