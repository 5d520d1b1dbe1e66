//! Which of several requests in one input to diagnose. Logs and traces
//! hold retries, preflights and unrelated calls; every reader chooses the
//! same way: the last item that meets the first preference any item meets
//! (a signature refusal, else a failure, …), else the last item.

/// The index to diagnose, or `None` for an empty list.
pub(crate) fn last_preferred<T>(items: &[T], preferences: &[&dyn Fn(&T) -> bool]) -> Option<usize> {
    preferences
        .iter()
        .find_map(|prefer| items.iter().rposition(prefer))
        .or_else(|| items.len().checked_sub(1))
}

#[cfg(test)]
mod tests {
    use super::last_preferred;

    #[test]
    fn the_last_of_the_first_preference_met_else_the_last() {
        let items = [1, 4, 3, 4, 5];
        let even = |n: &i32| n % 2 == 0;
        let big = |n: &i32| *n > 10;
        assert_eq!(last_preferred(&items, &[&big, &even]), Some(3));
        assert_eq!(last_preferred(&items, &[&big]), Some(4));
        assert_eq!(last_preferred::<i32>(&[], &[&even]), None);
    }
}
