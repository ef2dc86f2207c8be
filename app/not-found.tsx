export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <p className="text-sm font-semibold text-accent">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-fg-muted">This page does not exist, or you do not have access to it.</p>
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- next/link here would ride on every page's first load (this page is part of each), and leaving a 404 needs no client-side navigation */}
      <a href="/" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
        Go to your devices
      </a>
    </main>
  );
}
