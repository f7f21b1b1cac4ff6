// The page a learner of a class on Kubernetes (`nslab serve --backend
// kubernetes`) sees before joining: the join code and their name, as a plain
// form (no script: the page's Content-Security-Policy allows none inline), and
// what went wrong the last time, if anything.

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function joinPage(problem?: string, name = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nslab: join the class</title>
</head>
<body>
<main>
<h1>Join the class</h1>
<p>Your instructor gives the join code. Your name is shown in the class's table; nobody else can join under it once you have.</p>
${problem ? `<p role="alert"><strong>${escapeHtml(problem)}</strong></p>` : ''}
<form method="post" action="/join">
<p><label>Join code <input name="code" required autocomplete="off" autocapitalize="characters" maxlength="64"></label></p>
<p><label>Your name <input name="name" required maxlength="64" value="${escapeHtml(name)}"></label></p>
<p><button type="submit">Join</button></p>
</form>
<p>Your lab box runs on the class's cluster: you need only this browser. It is removed when you have been away for a while; your progress is kept.</p>
</main>
</body>
</html>
`;
}
