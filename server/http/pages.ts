import { escapeHtml } from '../../shared/escape';

// A bare page for the development mailbox; the portal's pages use server/portal/views.ts (Eta
// layout). Every piece of user text goes through `text`.

export const text = (value: unknown): string => escapeHtml(String(value ?? ''));

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(title)} — dondoc</title>
<link rel="stylesheet" href="/assets/portal.css">
</head>
<body>
<main>
<h1>${text(title)}</h1>
${body}
</main>
</body>
</html>
`;
}
