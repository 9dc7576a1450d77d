package org.borderpolice.testbed.read;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** A probe as Hibernate reads it (writes go through JDBC, ProbeService). */
@Entity
@Table(name = "probe")
@Immutable
public class Probe {

    @Id
    public UUID id;

    public String title;

    public long version;

    public boolean deleted;
}
