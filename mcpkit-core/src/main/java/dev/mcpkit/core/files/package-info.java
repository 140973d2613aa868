/**
 * Reading the files a user points mcpkit at (configuration, credentials, lock and rule files) with a bound, so that a
 * path naming a device, a named pipe or a file of gigabytes ends in a clear message rather than a hang or a full heap.
 */
package dev.mcpkit.core.files;
