package org.borderpolice.federation.validation;

import jakarta.validation.GroupSequence;
import jakarta.validation.groups.Default;

/**
 * Validation group of a request's list sizes. A request type puts its lists' {@code @Size} in
 * this group, and the resource validates its body with {@link First} (a list of 30,000 items is
 * then refused for its size alone, without validating each item and answering with thousands of
 * field errors):
 *
 * <pre>
 * public Response publish(&#64;Valid &#64;ConvertGroup(to = ListSizes.First.class) &#64;NotNull AlertRequest request)
 * </pre>
 *
 * A redefined default group sequence on the request type would not do: Hibernate Validator
 * applies it to the type's own constraints, but cascades into the list's items regardless.
 */
public interface ListSizes {

    /** List sizes, and only if they hold, everything else. */
    @GroupSequence({ListSizes.class, Default.class})
    interface First {}
}
