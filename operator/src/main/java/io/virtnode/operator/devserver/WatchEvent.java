package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change in the store: ADDED, MODIFIED or DELETED at resourceVersion {@code rv}, with the object
 * before it ({@code previous}, null for ADDED) so selector-filtered watches can tell entries and exits.
 */
record WatchEvent(String type, String key, long rv, ObjectNode object, ObjectNode previous) {
}
