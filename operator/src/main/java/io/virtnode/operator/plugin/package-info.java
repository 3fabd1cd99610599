/** The {@code kubectl virtnode} plugin: VM actions, console, VNC, migration and logs against any cluster. */
package io.virtnode.operator.plugin;
