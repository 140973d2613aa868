package dev.mcpkit.client.internal;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Iterates over the items of a listing, fetching each page when the previous one is used up; the bounds (cursor
 * loops, {@code maxListItems}, {@code maxListBytes}) are {@link Listing}'s.
 */
public final class ListingPages<T> implements Iterator<T> {
  private final Listing listing;
  private final Function<JsonNode, List<T>> items;
  private final Runnable ensureOpen;
  private Iterator<T> current = Collections.emptyIterator();

  /**
   * @param items the items of one page
   * @param ensureOpen throws when the client was closed meanwhile
   */
  public ListingPages(Listing listing, Function<JsonNode, List<T>> items, Runnable ensureOpen) {
    this.listing = listing;
    this.items = items;
    this.ensureOpen = ensureOpen;
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext()) {
      ensureOpen.run();
      JsonNode page = listing.next();
      if (page == null) {
        return false;
      }
      List<T> list = items.apply(page);
      current = list == null ? Collections.emptyIterator() : list.iterator();
    }
    return true;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }
}
