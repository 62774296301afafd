/**
 * Preloaded (`node --require`) into child processes the local stack starts, such as Azurite. The parent spawns the
 * child with an IPC channel; the channel closes when the parent exits for any reason (normal exit, crash, SIGKILL),
 * and the child then exits too, so no orphan outlives the test or the stack.
 */
if (typeof process.send === "function") {
  process.on("disconnect", () => process.exit(0));
  // Keep the channel from holding the child's event loop open by itself.
  process.channel?.unref();
}
